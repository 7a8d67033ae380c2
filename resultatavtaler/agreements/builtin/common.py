"""Shared pieces of the built-in templates: the seed's three-level scale."""


def t(nb: str, nn: str, en: str) -> dict:
    return {"nb": nb, "nn": nn, "en": en}


# Vedlegg, UFD/AD: "Måloppfyllelsen markeres med følgende skala" (also DESIGN.md §2 default scale).
SEED_SCALE = [
    {
        "value": 1,
        "label": t("liten grad (forbedres)", "liten grad (bør betrast)", "to a small extent (to be improved)"),
    },
    {"value": 2, "label": t("tilfredsstillende (middels)", "tilfredsstillande (middels)", "satisfactory (average)")},
    {"value": 3, "label": t("stor grad (meget bra)", "stor grad (svært bra)", "to a great extent (very good)")},
]

SCALE_HEADING = t(
    "Måloppfyllelsen markeres med følgende skala:",
    "Måloppnåinga blir markert med følgjande skala:",
    "Goal attainment is marked on the following scale:",
)

COLUMN_INDICATOR = t("Indikator", "Indikator", "Indicator")
COLUMN_EVALUATION = t("Evaluering", "Evaluering", "Evaluation")
