from django.core.cache import cache

from .models import Municipality, Region


def navigation(request):
    """The three municipalities and the region for the header; cached because every page shows them."""
    nav = cache.get("nav:municipalities")
    if nav is None:
        nav = {
            "municipalities": [(m.name, m.get_absolute_url()) for m in Municipality.objects.order_by("name")],
            "region": [(r.name, r.get_absolute_url()) for r in Region.objects.order_by("name")[:1]],
        }
        cache.set("nav:municipalities", nav, 300)
    return {"nav_municipalities": nav["municipalities"], "nav_region": nav["region"][0] if nav["region"] else None}
