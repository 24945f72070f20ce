"""Crawling knowledge that is not Scrapy code: links, pagination, list answers.

Small pure functions over (html, url), each tested alone; the spider composes them.
"""
