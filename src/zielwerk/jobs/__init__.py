"""Background jobs with progress: long work runs in a task worker, never in a web request.

``services.start`` records a ``Job`` and enqueues one generic django-tasks task that runs a
registered function (``runner.job_function``) with a ``progress(done, total, message)``
callback; ``/aufgaben/<id>/`` shows the progress. See docs/tasks.md.
"""
