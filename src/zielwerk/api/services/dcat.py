"""DCAT-AP.de 2.0 catalogue of the published data sets, built with rdflib.

One ``dcat:Dataset`` per indicator and region level that has observations, with the
distributions CSV, XLSX and SDMX-CSV (all API downloads), the political geocoding of the
regions covered, temporal coverage, licence, publisher and contact point.

Publisher, contact and licence come from the optional setting ``ZIELWERK_DCAT`` (a dict
with the keys of ``DCAT_DEFAULTS``) until organisations hold them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Max, Min
from django.db.models.functions import Substr
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from zielwerk.catalogue.models import Indicator
from zielwerk.monitoring.models import Observation

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/"
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
DATA_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
LANGUAGE_DEU = URIRef("http://publications.europa.eu/resource/authority/language/DEU")
GERMANY = URIRef("http://publications.europa.eu/resource/authority/country/DEU")
DCAT_DEFAULTS = {
    "title": "Zielwerk: Nachhaltigkeitsindikatoren",
    "description": "Daten zu den Indikatoren der Agenda 2030 und der Deutschen "
    "Nachhaltigkeitsstrategie, nach Region und Jahr.",
    "publisher": "Zielwerk",
    "publisher_url": "",
    "contact_name": "Zielwerk Open Data",
    "contact_email": "opendata@example.org",
    "licence": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
    "attribution": "Zielwerk; Quellen der Daten siehe Datensatz",
    # GovData's contributor IRI (http://dcat-ap.de/def/contributors/…), once registered.
    "contributor_id": "",
}
# Region level → (DCAT-AP.de geocoding level, key vocabulary, key length taken from the ARS).
LEVELS = {
    "bund": ("federal", None, 0),
    "land": ("state", "stateKey", 2),
    "rbz": ("administrativeDistrict", "governmentDistrictKey", 3),
    "kreis": ("district", "districtKey", 5),
    "gemeinde": ("municipality", "municipalityKey", 8),
}
LEVEL_NAMES = {"bund": "Bund", "land": "Länder", "rbz": "Regierungsbezirke",
               "kreis": "Kreise", "gemeinde": "Gemeinden"}  # fmt: skip
# SDG goal → EU data theme (the closest of the 13 themes).
GOAL_THEMES = {1: "SOCI", 2: "AGRI", 3: "HEAL", 4: "EDUC", 5: "SOCI", 6: "ENVI", 7: "ENER",
               8: "ECON", 9: "ECON", 10: "SOCI", 11: "REGI", 12: "ECON", 13: "ENVI",
               14: "ENVI", 15: "ENVI", 16: "JUST", 17: "INTR"}  # fmt: skip


@dataclass(frozen=True)
class DatasetRow:
    indicator: Indicator
    level: str
    first_year: int
    last_year: int
    modified: datetime | None
    keys: list[str]


def _config() -> dict[str, str]:
    return DCAT_DEFAULTS | dict(getattr(settings, "ZIELWERK_DCAT", {}))


def _geocode(level: str, ars: str) -> str | None:
    if level not in LEVELS:  # a region abroad has no German geocoding URI
        return None
    _, vocabulary, length = LEVELS[level]
    if vocabulary is None:
        return None
    code = ars[:5] + ars[9:12] if level == "gemeinde" else ars[:length]
    return f"{GEOCODING}{vocabulary}/{code}"


MAX_SPATIAL = 50
"""A dataset covering more regions names the Länder they lie in (bounded catalogue size)."""


def _spatial_keys() -> dict[tuple[int, str], set[str]]:
    """Geocoding URIs per (indicator, level): each region, or its Länder beyond MAX_SPATIAL.

    One grouped query counts the regions per indicator, level and Land; only the datasets with
    few regions are then listed region by region.
    """
    per_land = (
        Observation.objects.values("indicator_id", "region__level")
        .annotate(land=Substr("region__ars", 1, 2), n=Count("region_id", distinct=True))
        .order_by()
    )
    totals: dict[tuple[int, str], int] = {}
    lands: dict[tuple[int, str], set[str]] = {}
    for row in per_land:
        key = (row["indicator_id"], row["region__level"])
        totals[key] = totals.get(key, 0) + row["n"]
        lands.setdefault(key, set()).add(row["land"])
    keys: dict[tuple[int, str], set[str]] = {}
    few = [key for key, n in totals.items() if n <= MAX_SPATIAL]
    for key, n in totals.items():
        if n > MAX_SPATIAL:
            uris = {_geocode("land", land + "0" * 10) for land in lands[key]}
            keys[key] = {u for u in uris if u}
    if few:
        found = Observation.objects.filter(
            indicator_id__in={k[0] for k in few}, region__level__in={k[1] for k in few}
        ).values_list("indicator_id", "region__level", "region__ars")
        wanted = set(few)
        for indicator_id, level, ars in found.order_by().distinct():
            uri = _geocode(level, ars)
            if uri and (indicator_id, level) in wanted:
                keys.setdefault((indicator_id, level), set()).add(uri)
    return keys


def dataset_rows() -> list[DatasetRow]:
    """Indicator × region level combinations with observations, with their coverage."""
    groups = (
        # GovData's DCAT-AP.de describes German data; data of partner regions abroad is in the
        # API and the exports, not in this catalogue.
        Observation.objects.exclude(region__level="ausland")
        .filter(indicator__is_public=True)
        .values("indicator_id", "region__level")
        .annotate(first=Min("year"), last=Max("year"), modified=Max("import_run__started_at"))
        .order_by("indicator_id", "region__level")
    )
    indicators = Indicator.objects.select_related("goal").in_bulk(
        {g["indicator_id"] for g in groups}
    )
    keys = _spatial_keys()
    return [
        DatasetRow(indicators[g["indicator_id"]], g["region__level"], g["first"], g["last"],
                   g["modified"], sorted(keys.get((g["indicator_id"], g["region__level"]), ())))
        for g in groups
    ]  # fmt: skip


def _agents(graph: Graph, base: str, config: dict[str, str]) -> tuple[URIRef, BNode]:
    publisher = URIRef(config["publisher_url"] or f"{base}#publisher")
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, RDF.type, FOAF.Agent))  # validators do not infer subclasses
    graph.add((publisher, FOAF.name, Literal(config["publisher"])))
    contact = BNode("contact")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, VCARD.fn, Literal(config["contact_name"])))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{config['contact_email']}")))
    licence = URIRef(config["licence"])
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    return publisher, contact


def _distribution(graph: Graph, dataset: URIRef, url: str, kind: str, title: str,
                  config: dict[str, str], modified: datetime | None) -> None:  # fmt: skip
    node = URIRef(f"{dataset}/{kind.lower()}")
    graph.add((dataset, DCAT.distribution, node))
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.title, Literal(title, lang="de")))
    graph.add((node, DCAT.accessURL, URIRef(url)))
    graph.add((node, DCAT.downloadURL, URIRef(url)))
    file_type = FILE_TYPE[{"SDMX": "CSV"}.get(kind, kind)]
    graph.add((node, DCTERMS.format, file_type))
    graph.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
    graph.add((node, DCTERMS.license, URIRef(config["licence"])))
    graph.add((node, DCATDE.licenseAttributionByText, Literal(config["attribution"])))
    if modified:
        graph.add((node, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))


def _dataset(graph: Graph, base: str, row: DatasetRow, agents: tuple[URIRef, BNode],
             config: dict[str, str]) -> URIRef:  # fmt: skip
    code, level = row.indicator.code, row.level
    dataset = URIRef(f"{base}dcat/datasets/{code}/{level}")
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.identifier, Literal(f"zielwerk:{code}:{level}")))
    title_de = f"{code} {row.indicator.title_de} ({LEVEL_NAMES[level]})"
    graph.add((dataset, DCTERMS.title, Literal(title_de, lang="de")))
    if row.indicator.title_en:
        graph.add((dataset, DCTERMS.title, Literal(f"{code} {row.indicator.title_en}", lang="en")))
    description = row.indicator.definition_de or row.indicator.title_de
    graph.add((dataset, DCTERMS.description, Literal(description, lang="de")))
    for keyword in ("SDG", "Nachhaltigkeit", f"SDG {row.indicator.goal.number}", code):
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="de")))
    theme = DATA_THEME[GOAL_THEMES.get(row.indicator.goal.number, "SOCI")]
    graph.add((dataset, DCAT.theme, theme))
    graph.add((theme, RDF.type, SKOS.Concept))
    graph.add((dataset, DCTERMS.publisher, agents[0]))
    graph.add((dataset, DCAT.contactPoint, agents[1]))
    if config["contributor_id"]:
        graph.add((dataset, DCATDE.contributorID, URIRef(config["contributor_id"])))
    graph.add((dataset, DCTERMS.language, LANGUAGE_DEU))
    graph.add((dataset, DCAT.landingPage, URIRef(f"{base}api/v1/indicators/{code}")))
    if row.modified:
        graph.add((dataset, DCTERMS.modified, Literal(row.modified, datatype=XSD.dateTime)))
    _coverage(graph, dataset, row)
    query = urlencode({"indicator": code, "region_level": level})
    observations = f"{base}api/v1/observations?{query}"
    for kind, url, label in (
        ("CSV", f"{observations}&format=csv", "CSV (Beobachtungsdatei)"),
        ("XLSX", f"{observations}&format=xlsx", "Excel (Beobachtungsdatei)"),
        ("SDMX", f"{base}api/v1/sdmx/data/{code}?format=csv&region_level={level}", "SDMX-CSV"),
    ):
        _distribution(graph, dataset, url, kind, f"{code}: {label}", config, row.modified)
    return dataset


def _coverage(graph: Graph, dataset: URIRef, row: DatasetRow) -> None:
    period = BNode(f"period-{row.indicator.code}-{row.level}")
    graph.add((dataset, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    start, end = date(row.first_year, 1, 1), date(row.last_year, 12, 31)
    graph.add((period, DCAT.startDate, Literal(start, datatype=XSD.date)))
    graph.add((period, DCAT.endDate, Literal(end, datatype=XSD.date)))
    graph.add((dataset, DCTERMS.spatial, GERMANY))
    graph.add((GERMANY, RDF.type, DCTERMS.Location))
    level_uri, _vocabulary, _ = LEVELS[row.level]
    graph.add((dataset, DCATDE.politicalGeocodingLevelURI,
               URIRef(f"{GEOCODING}Level/{level_uri}")))  # fmt: skip
    for key in row.keys:
        graph.add((dataset, DCATDE.politicalGeocodingURI, URIRef(key)))
    if row.level == "bund":
        graph.add((dataset, DCATDE.geocodingDescription, Literal("Deutschland", lang="de")))


def dcat_catalogue(*, base_url: str) -> Graph:
    """The catalogue graph; ``base_url`` is the site root ending in ``/``."""
    config = _config()
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("dcatde", DCATDE)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    catalogue = URIRef(f"{base_url}dcat/catalog")
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, Literal(config["title"], lang="de")))
    graph.add((catalogue, DCTERMS.description, Literal(config["description"], lang="de")))
    graph.add((catalogue, DCTERMS.language, LANGUAGE_DEU))
    graph.add((catalogue, FOAF.homepage, URIRef(base_url)))
    graph.add((catalogue, DCTERMS.license, URIRef(config["licence"])))
    agents = _agents(graph, base_url, config)
    graph.add((catalogue, DCTERMS.publisher, agents[0]))
    for row in dataset_rows():
        graph.add((catalogue, DCAT.dataset, _dataset(graph, base_url, row, agents, config)))
    return graph
