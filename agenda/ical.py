"""iCalendar feeds of deadlines and milestones, per person and per working group."""

from django.db.models import Q
from icalendar import Calendar, Event

from .models import AgendaItem, Milestone


def items_for_user(user):
    mine = Q(owner=user) | Q(trekker=user) | Q(accountable_head=user)
    mine |= Q(working_group__memberships__user=user)
    return AgendaItem.objects.visible_to(user).filter(mine).distinct()


def build_calendar(name, items, base_url):
    calendar = Calendar()
    calendar.add("prodid", "-//RGW-verbeterplatform//ontwikkelagenda//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    items = list(items.select_related("part"))
    for item in items:
        if item.deadline:
            event = Event()
            event.add("uid", f"agendapunt-{item.pk}-deadline@rgw-platform")
            event.add("summary", f"Deadline {item}")
            event.add("dtstart", item.deadline)
            event.add("url", base_url + item.get_absolute_url())
            event.add("description", f"{item.get_status_display()} – {item.part}")
            calendar.add_component(event)
    milestones = Milestone.objects.filter(item__in=items).select_related("item")
    for milestone in milestones:
        event = Event()
        event.add("uid", f"mijlpaal-{milestone.pk}@rgw-platform")
        event.add("summary", f"Mijlpaal: {milestone.title} ({milestone.item.code})")
        event.add("dtstart", milestone.due_date)
        event.add("url", base_url + milestone.item.get_absolute_url())
        calendar.add_component(event)
    return calendar.to_ical()
