from datetime import timedelta

from django_tasks import task

RETRY_DELAY = timedelta(seconds=30)


@task()
def index_suppliers(ids: list[int]) -> dict:
    """Send these suppliers' changes to Elasticsearch; while it is down, try again later."""
    from search.indexing import _enqueue, flush

    sent, failed = flush(ids)
    if failed:
        _enqueue(ids, delay=RETRY_DELAY)
    return {"sent": sent, "failed": failed}
