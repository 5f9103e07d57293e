"""Months, semesters and years: the periods the indicators are counted in (the project reports per semester)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
MONTH, SEMESTER, YEAR = "mois", "semestre", "annee"
GRANULARITIES = [(SEMESTER, "Par semestre"), (MONTH, "Par mois"), (YEAR, "Par année")]


@dataclass(frozen=True)
class Period:
    start: datetime.date  # first day
    end: datetime.date  # first day after
    label: str

    @property
    def key(self) -> str:
        return self.start.isoformat()

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day < self.end


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_of(day: datetime.date, granularity: str) -> Period:
    if granularity == MONTH:
        start = day.replace(day=1)
        return Period(start, _add_months(start, 1), f"{MONTHS[day.month - 1]} {day.year}")
    if granularity == YEAR:
        start = datetime.date(day.year, 1, 1)
        return Period(start, datetime.date(day.year + 1, 1, 1), str(day.year))
    first = day.month <= 6
    start = datetime.date(day.year, 1 if first else 7, 1)
    label = f"{'1er' if first else '2e'} semestre {day.year}"
    return Period(start, _add_months(start, 6), label)


def semester_of(day: datetime.date) -> Period:
    return period_of(day, SEMESTER)


def periods_between(since: datetime.date, until: datetime.date, granularity: str) -> list[Period]:
    """Every period from the one holding `since` to the one holding `until`, in order."""
    periods = []
    current = period_of(since, granularity)
    while current.start <= until:
        periods.append(current)
        current = period_of(current.end, granularity)
    return periods


def semester_from_key(key: str) -> Period | None:
    """« 2026-1 » or « 2026-2 » (the URL of a semester report) to its period."""
    try:
        year, half = key.split("-")
        month = {"1": 1, "2": 7}[half]
        return semester_of(datetime.date(int(year), month, 1))
    except (KeyError, ValueError):
        return None


def semester_key(period: Period) -> str:
    return f"{period.start.year}-{1 if period.start.month == 1 else 2}"


def default_range(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """From the start of the previous year to today: at least two full semesters."""
    return datetime.date(today.year - 1, 1, 1), today
