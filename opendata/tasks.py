"""The open dataset rewritten by the task queue once a publication is committed."""

from django_tasks import task


@task()
def regenerate_dataset():
    from django.urls import reverse

    import pagecache
    from opendata import dataset

    manifest = dataset.current_manifest(served=False)
    pagecache.purge_urls({reverse("opendata:page")})
    return manifest["dossier"]
