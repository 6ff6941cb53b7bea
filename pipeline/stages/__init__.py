"""The stages of the pipeline, one module or package each, in the order ``pipeline.runner.STAGES``
runs them: ``ingest`` → ``ocr`` (with ``imaging``, the page clean-up) → ``strip`` → ``correct`` →
``review``. Each exposes one ``pipeline.core.stage.Stage`` subclass; nothing here imports them
all, so importing one stage never loads another's libraries."""
