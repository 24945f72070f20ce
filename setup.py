"""Only for ``scrapyd-deploy``: it builds the egg with ``python setup.py bdist_egg``.

All metadata (packages, package data, the ``scrapy`` settings entry point) lives in
pyproject.toml. Without this file scrapyd-deploy writes its own setup.py into the
project directory on every deploy.
"""

from setuptools import setup

setup()
