"""The demo studio's addresses, shared by `fitnesscrm.demo` (its people) and each domain's demo seed (which finds
those people again): one place, so a domain's seed never picks a real business's staff by accident."""

DEMO_DOMAIN = "demo.example.com"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
TRAINER_EMAIL = f"maya@{DEMO_DOMAIN}"
CLIENT_EMAIL = f"client@{DEMO_DOMAIN}"
