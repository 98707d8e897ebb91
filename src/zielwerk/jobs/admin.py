from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """For operators: stuck jobs (``running`` long after ``updated_at``) and failures."""

    list_display = ("pk", "kind", "label", "state", "done", "total", "owner", "updated_at")
    list_filter = ("state", "kind")
    search_fields = ("label", "kind", "owner__username")
    readonly_fields = [f.name for f in Job._meta.fields]
