"""Uploads: bounded inspection of untrusted files (text extraction, image decoding) away from the request's lock."""
