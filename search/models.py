from django.db import models


class PendingUpdate(models.Model):
    """A page whose search document could not be written (OpenSearch down or slow).

    The next successful update, or `catalogue_index sync`, applies and deletes it.
    """

    page_id = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"page {self.page_id}"
