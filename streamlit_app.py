"""Placeholder: lists the published layers (the map app is built on top of geo/)."""

import json
from pathlib import Path

import streamlit as st

st.title("Reported foreign-troop presence in the Russia–Ukraine war")
for path in sorted(Path(__file__).with_name("layers").glob("*.geojson")):
    data = json.loads(path.read_text(encoding="utf-8"))
    st.write(f"{path.name}: {len(data['features'])} reports (dataset {data['dataset_version']})")
