from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import Follow


def set_following(user, obj, follow):
    """Follow or unfollow `obj`; repeating either is harmless."""
    lookup = {
        "user": user,
        "content_type": ContentType.objects.get_for_model(obj),
        "object_id": str(obj.pk),
    }
    with transaction.atomic():
        if follow:
            Follow.objects.get_or_create(**lookup)
        else:
            Follow.objects.filter(**lookup).delete()


def is_following(user, obj):
    return user.is_authenticated and Follow.objects.of(obj).filter(user=user).exists()
