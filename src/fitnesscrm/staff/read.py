"""Staff's published read API: the trainer columns another domain may join into its own statements.

A calendar or a class list names each trainer in the statement that lists its rows (one statement per page, not
a look-up per row), so it needs the trainers table in its FROM. This is all of it another domain may use: the
join target, the id and the name. Anything else about a trainer goes through `staff.service`, and staff may
change the rest of its tables freely.
"""

from __future__ import annotations

from typing import Any

from .models import Trainer


class TrainerNames:
    table: Any = Trainer.__table__
    id = Trainer.id
    first_name = Trainer.first_name
    last_name = Trainer.last_name
    full_name = Trainer.first_name + " " + Trainer.last_name
