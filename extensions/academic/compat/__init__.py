"""Every use of another package's internals, in one place.

The rest of the extension goes through Sphinx's, sphinxcontrib-bibtex's, sphinx-sitemap's and
furo's public extension points. Where none exists, the gap is bridged here, and only here: a
private name, a copy of upstream code, an edit of another package's HTML or CSS, a change of
Sphinx's asset lists, sphinxcontrib-bibtex's directive internals, another package's log
messages filtered, another theme's template blocks drawn over, another package's JavaScript
replaced. Each entry says what it relies on, the version it was checked on (the one
``uv.lock`` pins), and what the supported alternative would be. ``tests/test_compat.py`` holds
a contract test for each (in brackets below): when a release moves what an entry relies on,
that test fails and names the entry.

* :mod:`.documents`: pages Sphinx did not read: :func:`render_body`
  [test_render_body_is_write_doc_s_rendering], :func:`join_documents` and
  :func:`leave_documents` [test_join_documents], :func:`build_info_hashes`
  [test_build_info_hashes]; a document's ids: :func:`claim_id` [test_claim_id].
* :mod:`.sitemap`: sphinx-sitemap's list of pages: :func:`sitemap_queue` and
  :func:`use_plain_sitemap_queue` [test_sitemap_queue], :func:`sitemap_without_manager`
  [test_sitemap_without_manager].
* :mod:`.search`: :func:`index_tables` (an :class:`IndexTables`), the index builder's tables
  [test_index_tables]; ``search_language``, the index builder's choice of language, copied
  [test_search_language]; ``restore_index_tables``, part of ``IndexBuilder.load``, copied
  [test_restore_index_tables]; ``SEARCH_SCRIPT``, ``static/academic-search.js``, which
  replaces members of Sphinx's ``searchtools.js`` and reads its ``Search._index``
  [test_search_script_s_members_are_searchtools].
* :mod:`.markup`: regular expressions over other packages' HTML and CSS: ``mark_current``
  (Sphinx's navigation tree) [test_mark_current]; ``token_classes`` and ``code_colours``
  (Pygments' code and furo's stylesheet of it) [test_code_colours]; ``inline_text`` and
  ``safe_inline`` (Sphinx's and furo's files written into the page) [test_inline_text];
  :func:`name_furo_landmarks`, names for furo's two ``<aside>`` landmarks [test_furo_landmarks];
  :func:`escape_furo_text`, the title furo writes unescaped
  [test_escape_furo_text, test_furo_landmarks]; :func:`drop_docutils_viewport`, the second
  viewport tag Sphinx passes on [test_drop_docutils_viewport].
* :mod:`.assets`: ``asset_name`` and ``set_page_assets``, Sphinx's per-page asset lists
  [test_page_assets]; :func:`inline_script`, a script written into the page
  [test_inline_script]; furo's file names [test_furo_files] and ``furo_pygments_css``, its
  generator of the code colours [test_code_colours]; ``UNHIGHLIGHTED_SVG_TEXT``, the class
  Sphinx's ``sphinx_highlight.js`` leaves alone [test_unhighlighted_svg_text].
* :mod:`.bibtex`: ``CitationTargets``, sphinxcontrib-bibtex's ``bibliography`` directive run
  for its citation targets alone [test_citation_targets]; ``filtered_entries``, its domain's
  ``get_filtered_entries``, copied [test_filtered_entries], with :func:`bibliography_selects`,
  its filter [test_bibliography_selects]; its parsed files: :func:`bibdata_outdated`,
  :func:`bibdata_entries` and :func:`hand_bibdata` [test_hand_bibdata]; its reference styles:
  :func:`finish_group_style` [test_finish_group_style]; its ``footbibliography`` directive, its
  footnotes shown as written: :class:`FootnotesAsWritten` [test_footnotes_as_written]; its ``cite``
  roles, after a check of the keys (:func:`citation_problem`): :class:`CheckedCiteRole`
  [test_checked_cite_role].
* :mod:`.outputs`: files Sphinx writes into the output folder and lists nowhere: the copies
  of the pages' sources (:func:`source_copies`, :func:`copies_sources`) [test_source_copies],
  the last build's information kept aside (``BUILD_INFO_BACKUP``) [test_build_info_backup].
* :mod:`.quiet`: other packages' debugging lines dropped by logger name and message
  (``DropNoise``) [test_quiet].
* :mod:`.typst`: :func:`is_panic`, a panic of Typst's Rust code as PyO3 raises it
  [test_typst_panic].
* :mod:`.settings`: ``set_by_site``, whether conf.py or ``-D`` gives a setting a value, and
  ``set_on_command_line``, whether ``-D`` does (Sphinx's ``Config._raw_config`` and
  ``Config._overrides``) [test_set_by_site].
* ``templates/``: ``page.html`` and ``search.html`` draw over furo's blocks
  [test_templates_draw_over_furo_s_blocks, test_furo_landmarks].

``tests/test_compat.py::test_only_compat_uses_private_api`` keeps every other module, template
and script of the extension off all of these kinds, not only off private names.
"""
