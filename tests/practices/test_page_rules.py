from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from community.questionnaire import SatisfactionQuestionnairePage
from parcours.models import (
    ConditionIndexPage,
    ConditionPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ParcoursIndexPage,
    StandardPage,
    ThemePage,
)
from practices.models import PracticeIndexPage, PracticePage, SupportTeamIndexPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_parcours_live_only_under_the_home_page_and_hold_only_themes(self):
        self.assertAllowedParentPageTypes(ParcoursIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ParcoursIndexPage, {ThemePage})

    def test_themes_live_only_under_a_parcours_and_have_no_children(self):
        self.assertAllowedParentPageTypes(ThemePage, {ParcoursIndexPage})
        self.assertAllowedSubpageTypes(ThemePage, set())

    def test_practices_live_only_under_the_practice_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(PracticePage, {PracticeIndexPage})
        self.assertAllowedSubpageTypes(PracticePage, set())
        self.assertAllowedParentPageTypes(PracticeIndexPage, {HomePage})

    def test_home_page_accepts_only_the_site_sections(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ParcoursIndexPage,
                StandardPage,
                NewsIndexPage,
                PracticeIndexPage,
                SupportTeamIndexPage,
                SatisfactionQuestionnairePage,
                ConditionIndexPage,
            },
        )

    def test_condition_sheets_live_only_in_their_list_and_have_no_children(self):
        self.assertAllowedParentPageTypes(ConditionIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ConditionPage, {ConditionIndexPage})
        self.assertAllowedSubpageTypes(ConditionPage, set())
        self.assertEqual(ConditionIndexPage.max_count, 1)

    def test_singletons_are_capped(self):
        self.assertEqual(HomePage.max_count, 1)
        self.assertEqual(ParcoursIndexPage.max_count, 2)
        self.assertEqual(PracticeIndexPage.max_count, 1)

    def test_news_live_only_in_the_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
