"""Work the task worker does for needs (django-tasks; tests run it immediately)."""

from django_tasks import task

from . import notifications


@task()
def notify_need(*, need_id: int) -> None:
    """Matching, then the first batch (each next batch is its own task)."""
    if notifications.start_notification(need_id=need_id):
        send_notification_batch.enqueue(need_id=need_id)


@task()
def send_notification_batch(*, need_id: int) -> None:
    """One batch of first notifications; the next batch is its own task, so a long list
    never holds one worker for long and the interested limit is re-read between batches."""
    if notifications.send_batch(need_id=need_id):
        send_notification_batch.enqueue(need_id=need_id)


@task()
def send_relaunch(*, need_id: int) -> None:
    notifications.send_relaunch(need_id=need_id)
