"""The benchmark (``make bench``): ``bench/run.py`` starts gunicorn and measures the main pages."""
