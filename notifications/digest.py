"""The e-mail digest: what each person chose to get by e-mail, grouped by kind, newest first,
sent at the hour (and for a weekly digest the day) they chose."""

import datetime
import logging
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from platform_site.i18n import grouped_number, path_in_language

from .models import DigestFrequency, DigestSetting, Kind, Notification

logger = logging.getLogger(__name__)

# A digest is not sent twice within this time, even when the command runs more often than hourly.
MIN_INTERVAL = datetime.timedelta(hours=20)


def due_settings(now):
    """Digest settings whose moment is this hour."""
    local = timezone.localtime(now)
    due = DigestSetting.objects.filter(hour=local.hour, user__is_active=True).exclude(
        frequency=DigestFrequency.NEVER
    )
    due = due.exclude(frequency=DigestFrequency.WEEKLY, weekday__lt=local.weekday()).exclude(
        frequency=DigestFrequency.WEEKLY, weekday__gt=local.weekday()
    )
    return due.select_related("user")


def users_with_default_digest(now):
    """People who never chose: they get the default (daily at 08:00) when they have mail waiting."""
    local = timezone.localtime(now)
    if local.hour != DigestSetting._meta.get_field("hour").default:
        return Notification.objects.none()
    return (
        Notification.objects.filter(by_email=True, emailed_at__isnull=True)
        .filter(recipient__digest_setting__isnull=True, recipient__is_active=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def send_digests(now=None, base_url=""):
    """Send every digest that is due now; returns how many e-mails were sent."""
    now = now or timezone.now()
    from django.contrib.auth import get_user_model

    # Who chose a moment that is now, and who never chose but has mail waiting at the default one.
    due = list(due_settings(now))
    for user in get_user_model().objects.filter(pk__in=users_with_default_digest(now)):
        due.append(DigestSetting.objects.get_or_create(user=user)[0])
    sent = 0
    for setting in due:
        if setting.last_sent_at and now - setting.last_sent_at < MIN_INTERVAL:
            continue
        if send_digest(setting.user, now, base_url, setting.language):
            sent += 1
        setting.last_sent_at = now
        setting.save(update_fields=["last_sent_at"])
    return sent


def grouped(notifications):
    """[(kind label, [notifications newest first])], the kinds in their fixed order."""
    order = {kind.value: index for index, kind in enumerate(Kind)}
    ordered = sorted(notifications, key=lambda n: (order[n.kind], -n.created_at.timestamp()))
    return [(Kind(kind).label, list(items)) for kind, items in groupby(ordered, lambda n: n.kind)]


def send_digest(user, now, base_url="", language=None):
    """One person's digest of what is waiting for e-mail, in their language; False when nothing
    is waiting."""
    if not user.email:
        return False
    with transaction.atomic():
        waiting = list(
            Notification.objects.select_for_update()
            .filter(recipient=user, by_email=True, emailed_at__isnull=True, created_at__lte=now)
            .order_by("-created_at", "-pk")
        )
        if not waiting:
            return False
        compose(user, waiting, language or settings.LANGUAGE_CODE, base_url).send()
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)
    return True


def compose(user, notifications, language, base_url="", subject=None, attachments=()):
    """The e-mail that tells `user` of these notifications, in `language`: the digest's, and
    that of a notification sent at once (then with its own subject and perhaps attachments,
    [(filename, content, mimetype)])."""
    with translation.override(language):
        for notification in notifications:
            # The notification's title and link in the reader's language.
            notification.link = path_in_language(notification.url, language)
        context = {
            "user": user,
            "groups": grouped(notifications),
            "count": len(notifications),
            "base_url": base_url or settings.WAGTAILADMIN_BASE_URL,
            "attachments": [filename for filename, _content, _mimetype in attachments],
        }
        if subject is None:
            subject = ngettext(
                "RGW-verbeterplatform: %(count)s melding",
                "RGW-verbeterplatform: %(count)s meldingen",
                len(notifications),
            ) % {"count": grouped_number(len(notifications))}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("notifications/email/digest.txt", context),
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("notifications/email/digest.html", context), "text/html"
        )
    for attachment in attachments:
        message.attach(*attachment)
    return message


def send_at_once(notifications, attachments=()):
    """E-mail these notifications now, each recipient their own e-mail in their own language,
    rather than with their next digest: for what everyone must have at the same moment (a
    council letter, with the letter attached). Only those marked for e-mail and not e-mailed
    yet; the others stay as they are. What fails to go stays waiting for the digest, so nothing
    is lost. Returns how many e-mails went."""
    now = timezone.now()
    sent = []
    with transaction.atomic():
        waiting = (
            Notification.objects.select_for_update(of=("self",))
            .filter(pk__in=[n.pk for n in notifications], by_email=True, emailed_at__isnull=True)
            .exclude(recipient__email="")
            .select_related("recipient__digest_setting")
        )
        try:
            with get_connection() as connection:
                for notification in waiting:
                    user = notification.recipient
                    setting = getattr(user, "digest_setting", None)
                    language = (setting.language if setting else "") or settings.LANGUAGE_CODE
                    with translation.override(language):
                        subject = notification.display_title
                    message = compose(
                        user, [notification], language, subject=subject, attachments=attachments
                    )
                    connection.send_messages([message])
                    sent.append(notification.pk)
        except Exception:
            logger.exception("E-mail verstuurd aan %d, de rest wacht op de samenvatting", len(sent))
        Notification.objects.filter(pk__in=sent).update(emailed_at=now)
    return len(sent)
