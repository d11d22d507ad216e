"""A bare Flask "hello" app: the ceiling bench/pages.py compares every page against."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    """The smallest response Flask can give: what a page's throughput is a share of."""
    return "hello"
