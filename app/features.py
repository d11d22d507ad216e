"""The feature packages in layer order: each imports only `core` and the features before it.

`create_app` calls each feature's `init_app(app)` in this order (blueprint, CLI commands, template
globals, registry entries, demo seeder); tests/core/test_import_graph.py fails when an import runs
the other way, and checks that the README's layout section lists the same order.

Why this order: learning (modules, lessons) needs only accounts; workshops link modules; trainers'
materials belong to a module or a workshop; quizzes belong to modules and are taken as workshops'
pre- and post-tests; evaluations report on workshops and quizzes; exchanges link workshops and modules; certificates are issued for modules, workshops
and exchanges; the roster imports nominations into workshops; the dashboard reads all of them;
admin merges and erases accounts across them (through the core registries); main's pages show a
little of every feature; demo seeds them all. Where a lower feature must let a higher one act (a
lesson done -> a certificate may be due), it fires a hook from app/core/hooks.py.
"""

#: Below every feature: `core` (shared infrastructure) and `extensions` (the unbound Flask
#: extensions), which import no feature.
FOUNDATION = ("core",)

FEATURES = (
    "auth",
    "learning",
    "workshops",
    "materials",
    "quizzes",
    "evaluations",
    "exchanges",
    "certificates",
    "roster",
    "dashboard",
    "admin",
    "main",
    "demo",
)

#: The whole order, lowest first.
LAYERS = FOUNDATION + FEATURES
