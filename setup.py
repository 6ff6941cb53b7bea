"""Packaging that pyproject.toml cannot say: ship ``dictionaries/`` as ``pipeline.dictionaries``.

The folder stays at the top of the checkout (``make dictionaries`` writes there, people edit it
there); in a wheel it is ``pipeline/dictionaries/``, found at run time with
``importlib.resources`` (``pipeline.lexicon.shipped_folder``). Everything else is in
pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["pipeline", "pipeline.*"], exclude=["*.__pycache__"]),
        "pipeline.dictionaries",
    ],
    package_dir={"pipeline.dictionaries": "dictionaries"},
)
