"""Input readers: each turns what an archive holds into lines the pipeline reads.

    text   text dumps (encodings, line ends, form-feed pages) -> page texts
    lines  the one model of positioned lines (text + box + size + order) with geometry
    pdf    page PDFs (PyMuPDF) -> PageLines
"""
