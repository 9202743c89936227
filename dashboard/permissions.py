from accounts.models import Role


def can_view_dashboard(user):
    """The project lead and department heads oversee the agenda; the expert team moderates the
    platform and sees its figures too."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.has_oversight or user.role == Role.MODERATOR)
    )
