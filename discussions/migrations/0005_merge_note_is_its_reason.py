"""A merge's step in a proposal's trail held the title of the proposal it went into as it was
then ("Samengevoegd met: ..."), so a title the expert team corrected later (a resident named in
it) stayed there. The page now names that proposal by its title as it is; the step keeps the
merge's reason, as the other steps keep theirs."""

from django.db import migrations


def keep_the_reason(apps, schema_editor):
    ProposalTransition = apps.get_model("discussions", "ProposalTransition")
    merges = ProposalTransition.objects.filter(
        to_status="samengevoegd", note__startswith="Samengevoegd met: "
    ).select_related("proposal")
    for step in merges:
        step.note = step.proposal.decision_reason
        step.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [("discussions", "0004_erased")]

    operations = [migrations.RunPython(keep_the_reason, migrations.RunPython.noop)]
