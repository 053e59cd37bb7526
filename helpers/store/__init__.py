"""The corpus store: partitioned Parquet built by Dask tasks on any cluster, opened lazily.

``build_store`` (in ``build``) writes it; ``load_corpus(STORE)`` opens it through ``reader``;
``layout`` documents the folders and the manifest.
"""
