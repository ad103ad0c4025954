"""The public status page and the admins' System page.

Component states come from the app's own checks (readiness, the background-job heartbeat); incidents are posted
by admins. The System page adds operator figures: version, uptime, queue depth, recent server errors, backups.
"""
