"""Ships the folders Stemma needs at run time inside the wheel, beside the code.

templates/, migrations/ and the seed corpus (drafts/, amendments/) stay at the repository's top,
where curators and designers work on them; in a wheel they become app/templates, app/migrations,
app/drafts and app/amendments, which `app.config.bundled()` finds. Metadata is in pyproject.toml.
"""

from setuptools import find_packages, setup

BUNDLED = {"app.templates": "templates", "app.migrations": "migrations", "app.drafts": "drafts",
           "app.amendments": "amendments"}

setup(
    packages=find_packages(include=["app", "app.*"]) + list(BUNDLED),
    package_dir=BUNDLED,
    package_data={name: ["**/*"] for name in BUNDLED},
    exclude_package_data={name: ["**/__pycache__/*", "**/*.pyc"] for name in BUNDLED},
)
