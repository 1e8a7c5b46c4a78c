"""Reading other trackers' exports and spreadsheets (`jrnl-rej import`, SPEC §9).

tables.py turns a file's bytes into rows (CSV or TSV, jobhound's JSON, our own JSON
export); presets.py says which column becomes which field, per preset; rows.py turns
one row into the values of an application file, or a problem in plain words. Only
`jrnl-rej import` imports this package.
"""
