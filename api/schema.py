def only_platform_api(endpoints, **kwargs):
    """The schema describes this API only, not the Wagtail admin's internal one."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
