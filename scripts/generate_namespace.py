"""Write kg/rdf/_kg.py, the `KG` DefinedNamespace, from ontology/kg.ttl (every term the ontology defines).

Code names ontology terms as `KG.Report`, `KG.citedRegulation`: a term the ontology does not define fails at
once instead of minting a wrong IRI. `tests/test_rdf_namespaces.py` checks that the file is current.
"""
from pathlib import Path

from kg.rdf.ontology import kg_namespace_source

if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "kg" / "rdf" / "_kg.py"
    target.write_text(kg_namespace_source(), encoding="utf-8")
    print(f"wrote {target}")
