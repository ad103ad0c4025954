"""Who may do what with the business settings: anyone reads them (the sign-in page shows the name and logo);
admins change them, not through a read-only API token."""

from __future__ import annotations

from ..core.policy import require_admin_writer

require_settings_editor = require_admin_writer
