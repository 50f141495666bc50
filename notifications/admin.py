from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification
from notifications.services import notification_enqueue

INTERRUPTED_AFTER = timezone.timedelta(minutes=15)


def needs_a_decision() -> Q:
    """Sends whose outcome nobody knows: the connection failed after the message was handed over, or the process
    died between claim and result (still "sending" long after the claim). Resending could deliver twice."""
    return Q(status=Notification.Status.UNKNOWN) | Q(
        status=Notification.Status.SENDING, claimed_at__lt=timezone.now() - INTERRUPTED_AFTER
    )


class InterruptedFilter(admin.SimpleListFilter):
    """Sends that need a person's decision, and those that failed."""

    title = _("needs a decision")
    parameter_name = "interrupted"

    def lookups(self, request, model_admin):
        return [("yes", _("Sending — needs a decision")), ("failed", _("Failed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(needs_a_decision())
        if self.value() == "failed":
            return queryset.filter(status=Notification.Status.FAILED)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    # Only the facts of the send: an email's text is rendered at send time and never stored.
    # The status early, so a narrow screen shows it without scrolling; why it failed is on the record's page.
    list_display = ("kind", "recipient", "status", "period", "attempts", "created_at", "subject_type", "subject_id")
    list_filter = (InterruptedFilter, "status", "kind")
    search_fields = ("recipient__email", "kind")
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        stuck = Notification.objects.filter(needs_a_decision()).count()
        if stuck:
            messages.warning(
                request,
                ngettext(
                    "%(count)d email was cut off while sending and may or may not have been delivered.",
                    "%(count)d emails were cut off while sending and may or may not have been delivered.",
                    stuck,
                )
                % {"count": stuck}
                + " "
                + gettext(
                    "Filter by “Sending — needs a decision”, check your mail server's log for each, and choose "
                    "“Send again” only for those that did not arrive."
                ),
            )
        return super().changelist_view(request, extra_context)

    @admin.action(description="Send again (I have checked they were not delivered)")
    def send_again(self, request, queryset):
        ids = list(
            queryset.filter(needs_a_decision() | Q(status=Notification.Status.FAILED)).values_list("pk", flat=True)
        )
        with transaction.atomic():
            Notification.objects.filter(pk__in=ids).update(
                status=Notification.Status.PENDING, attempts=0, next_attempt_at=None
            )
            for notification_id in ids:
                transaction.on_commit(lambda pk=notification_id: notification_enqueue(pk))
        self.message_user(request, f"{len(ids)} email(s) queued to send again.")
