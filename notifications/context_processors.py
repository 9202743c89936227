def unread_notifications(request):
    """The bell's count, on every page a signed-in person opens."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .models import Notification

    mine = Notification.objects.filter(recipient=user)
    return {
        "unread_notifications": mine.unread().count(),
        # The newest one this page knows of: a socket that reconnects asks for what came after.
        "last_notification_id": mine.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }
