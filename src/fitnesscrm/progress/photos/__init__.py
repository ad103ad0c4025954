"""Progress photos: content-checked uploads, metadata stripped, encrypted storage, signed short-lived URLs."""
