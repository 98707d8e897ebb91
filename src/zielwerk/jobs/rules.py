"""Who may see a job: the person who started it and the members of its organisation.

========================  ======================  ===========================
who                       job of a person only    job of an organisation
========================  ======================  ===========================
the person who started    yes                     yes
member of the org.        –                       yes (every role)
anyone else               no                      no
site admin (superuser)    yes                     yes
========================  ======================  ===========================
"""

from __future__ import annotations

from typing import Any

import rules

from zielwerk.accounts.rules import is_viewer


@rules.predicate
def is_job_owner(user: Any, job: Any) -> bool:
    return bool(
        job is not None
        and getattr(user, "is_authenticated", False)
        and job.owner_id is not None
        and job.owner_id == user.pk
    )


@rules.predicate
def is_job_organisation_member(user: Any, job: Any) -> bool:
    return bool(
        job is not None and job.organisation_id is not None and is_viewer(user, job.organisation)
    )


rules.add_perm("jobs.view_job", is_job_owner | is_job_organisation_member)
