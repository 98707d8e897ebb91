"""Services of the API: frames and downloads, Open SDG, SDMX and DCAT-AP.de outputs."""
