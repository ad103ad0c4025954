"""Clients' published read API: the client columns another domain may join into its own statements.

A roster or a calendar names each client in the statement that lists its rows (one statement per page, not a
look-up per row), so it needs the clients table in its FROM. This is all of it another domain may use: the join
target, the id and the name. Anything else about a client (contact details, health data, status) goes through
`clients.service`, which applies the client scope.
"""

from __future__ import annotations

from typing import Any

from .models import Client


class ClientNames:
    table: Any = Client.__table__
    id = Client.id
    first_name = Client.first_name
    last_name = Client.last_name
    full_name = Client.first_name + " " + Client.last_name
