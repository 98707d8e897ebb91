from django.contrib import admin

from zielwerk.catalogue.models import (
    DnsTarget,
    Goal,
    Indicator,
    PublishedTarget,
    PublishedWeather,
    Target,
)


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "short_de", "short_en"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["code", "goal", "title_de"]
    list_filter = ["goal"]
    search_fields = ["code", "title_de", "title_en"]
    ordering = ["sort_key"]


class DnsTargetInline(admin.TabularInline):
    model = DnsTarget
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "framework", "goal", "title_de", "unsd_code"]
    list_filter = ["framework", "goal"]
    search_fields = ["code", "title_de", "title_en", "unsd_code"]
    filter_horizontal = ["targets", "un_indicators"]
    inlines = [DnsTargetInline]


class PublishedWeatherInline(admin.TabularInline):
    model = PublishedWeather
    extra = 0


@admin.register(PublishedTarget)
class PublishedTargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "number", "text_de", "category", "target_year"]
    list_filter = ["category"]
    search_fields = ["indicator__code", "text_de"]
    inlines = [PublishedWeatherInline]
