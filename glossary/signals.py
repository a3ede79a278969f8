from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .expansion import forget
from .models import GlossaryTerm


@receiver([post_save, post_delete], sender=GlossaryTerm)
def on_glossary_change(sender, **kwargs):
    # The stamp check would notice too, unless two edits fall in the same microsecond.
    forget()
