"""The DCAT-AP.de catalogue: valid against the DCAT-AP.de 2.0 SHACL shapes, and complete."""

from __future__ import annotations

import json
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS, XSD

from zielwerk.api.services.dcat import GEOCODING, LEVELS
from zielwerk.monitoring.models import Observation
from zielwerk.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded")]
SHACL = Path(__file__).parent / "shacl"
SPEC = [
    "dcat-ap-spec-german-messages.ttl",
    "dcat-ap-spec-german-additions.ttl",
    "dcat-ap-de-deprecated.ttl",
    "dcat-ap_2.1.1_shacl_shapes.ttl",
]
SH = Namespace("http://www.w3.org/ns/shacl#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")


def _shapes(files):
    graph = Graph()
    for name in files:
        graph.parse(SHACL / name)
    return graph


def _vocabulary():
    """The vocabulary excerpt plus every region key in its political-geocoding scheme."""
    graph = Graph().parse(SHACL / "vocabulary-excerpt.ttl")
    for ars, level in Region.objects.values_list("ars", "level"):
        _, scheme, length = LEVELS[level]
        if scheme:
            code = ars[:5] + ars[9:] if level == "gemeinde" else ars[:length]
            key = URIRef(f"{GEOCODING}{scheme}/{code}")
            graph.add((key, SKOS.inScheme, URIRef(f"{GEOCODING}{scheme}")))
    return graph


def _violations(data, files):
    # What dcat-ap-de-imports.ttl would load (vocabularies) is merged into the data graph.
    conforms, report, _ = pyshacl.validate(
        data + _vocabulary(), shacl_graph=_shapes(files), allow_warnings=True
    )
    messages = [
        str(report.value(r, SH.resultMessage))
        for r in report.subjects(SH.resultSeverity, SH.Violation)
    ]
    return conforms, messages


def _catalogue(client, fmt="ttl"):
    response = client.get(f"/dcat/catalog.{fmt}")
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="turtle" if fmt == "ttl" else "json-ld")


def test_catalogue_conforms_to_the_dcat_ap_de_specification(client):
    conforms, messages = _violations(_catalogue(client), SPEC)
    assert messages == []
    assert conforms


def test_with_a_contributor_id_it_also_meets_the_conventions(client, settings):
    settings.ZIELWERK_DCAT = {
        "contributor_id": "http://dcat-ap.de/def/contributors/transparenzportalHamburg"
    }
    _, messages = _violations(_catalogue(client), [*SPEC, "dcat-ap-konventionen.ttl"])
    assert messages == []


def test_without_a_contributor_id_the_conventions_say_so(client):
    _, messages = _violations(_catalogue(client), [*SPEC, "dcat-ap-konventionen.ttl"])
    assert messages
    assert all("contributorID" in m for m in messages)


def test_one_dataset_per_indicator_and_level_with_coverage(client):
    graph = _catalogue(client)
    combos = set(Observation.objects.values_list("indicator__code", "region__level").distinct())
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == len(combos)
    land = next(d for d in datasets if str(d).endswith("/7.2.a/land"))
    keys = {str(k) for k in graph.objects(land, DCATDE.politicalGeocodingURI)}
    with_data = Observation.objects.filter(indicator__code="7.2.a", region__level="land")
    lands = set(with_data.values_list("region__ars", flat=True))
    assert keys == {f"{GEOCODING}stateKey/{ars[:2]}" for ars in lands}
    assert len(keys) == 15  # Mecklenburg-Vorpommern has no values for 7.2.a (published ".")
    level = graph.value(land, DCATDE.politicalGeocodingLevelURI)
    assert str(level).endswith("/Level/state")
    period = graph.value(land, DCTERMS.temporal)
    first = with_data.order_by("year").first().year
    assert graph.value(period, DCAT.startDate) == Literal(f"{first}-01-01", datatype=XSD.date)
    formats = {
        str(graph.value(d, DCTERMS.format)).rsplit("/", 1)[1]
        for d in graph.objects(land, DCAT.distribution)
    }
    assert formats == {"CSV", "XLSX"}  # SDMX-CSV is a CSV file
    urls = {str(graph.value(d, DCAT.downloadURL)) for d in graph.objects(land, DCAT.distribution)}
    for url in urls:
        path = url.split("testserver", 1)[1]
        assert client.get(path).status_code == 200, path
    licence = {str(graph.value(d, DCTERMS.license)) for d in graph.objects(land, DCAT.distribution)}
    assert licence == {"http://dcat-ap.de/def/licenses/dl-by-de/2.0"}


def test_json_ld_is_the_same_graph(client):
    turtle, json_ld = _catalogue(client, "ttl"), _catalogue(client, "jsonld")
    assert len(turtle) == len(json_ld)
    assert set(turtle.subjects(RDF.type, DCAT.Dataset)) == set(
        json_ld.subjects(RDF.type, DCAT.Dataset)
    )
    json.loads(client.get("/dcat/catalog.jsonld").content)
