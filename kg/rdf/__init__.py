"""RDF: namespaces and IRIs (minted in one place), conversion of extractions, exports."""
