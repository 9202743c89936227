from accounts.models import Role


def can_view_dashboard(user):
    """The project lead and department heads oversee the agenda; the expert team moderates the
    platform and sees its figures too."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.has_oversight or user.role == Role.MODERATOR)
    )


def can_send_letter(user):
    """Sending to the councils is the project lead's report (and a department head's); the
    expert team makes the figures but does not speak to the councils."""
    return bool(user.is_authenticated and user.is_active and user.has_oversight)


def can_read_letter(user, letter):
    """A sent letter holds only what every member may see, so every member may read it; a
    letter not yet sent is a draft for the dashboard's people."""
    if not (user.is_authenticated and user.is_active):
        return False
    return letter.sent_at is not None or can_view_dashboard(user)
