"""Write ontology/REFERENCE.md, the readable reference of the ontology, from kg.ttl and shapes.ttl."""
from pathlib import Path

from kg.rdf.reference import markdown

if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "ontology" / "REFERENCE.md"
    target.write_text(markdown(), encoding="utf-8")
    print(f"wrote {target}")
