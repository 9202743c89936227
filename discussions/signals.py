"""Each proposal's support counts (Proposal.supporter_count, supporting_organisation_count)
follow its supports, however a support is added or removed: by its supporter, by a merge, or
with a deleted account (a cascade). In the same transaction as the change itself."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from accounts.models import Organisation

from .models import Proposal, ProposalSupport


@receiver(post_save, sender=ProposalSupport)
@receiver(post_delete, sender=ProposalSupport)
def recount_proposal_support(sender, instance, **kwargs):
    Proposal.objects.filter(pk=instance.proposal_id).recount_support()


@receiver(pre_delete, sender=Organisation)
def note_proposals_backed_by(sender, instance, **kwargs):
    # Its supports stay, without an organisation (SET_NULL): those proposals then count one
    # organisation less, once the deletion has cleared the field (post_delete).
    instance._backed_proposals = list(
        ProposalSupport.objects.filter(organisation=instance).values_list("proposal_id", flat=True)
    )


@receiver(post_delete, sender=Organisation)
def recount_proposals_backed_by(sender, instance, **kwargs):
    backed = getattr(instance, "_backed_proposals", ())
    if backed:
        Proposal.objects.filter(pk__in=set(backed)).recount_support()
