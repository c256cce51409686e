"""Files kept in an S3-compatible object store (Amazon S3, MinIO, Ceph, a council's
own): for sites with several machines and large files. boto3 is imported only when
this store is chosen.

The bucket must exist. Credentials come from boto3's usual places (AWS_ACCESS_KEY_ID
and AWS_SECRET_ACCESS_KEY, a profile or an instance role), never from the address, so
STORAGE_URL can be shown and logged. An object store writes an object whole: a
reader sees the old object, the new one or none.
"""

from __future__ import annotations

from typing import Any

from surveybuilder.files import OpenedFile, StoredInfo, checked_key


class S3Store:
    """Keys are object names under `prefix` in `bucket`. With an `endpoint` (anything
    but Amazon itself) objects are addressed by path, which every S3-compatible server
    understands."""

    def __init__(self, bucket: str, prefix: str = "", endpoint: str | None = None,
                 region: str | None = None):
        import boto3
        from botocore.config import Config

        self.bucket, self.prefix, self.endpoint = bucket, prefix.strip("/"), endpoint
        self.client = boto3.client(
            "s3", endpoint_url=endpoint, region_name=region or "us-east-1",
            config=Config(s3={"addressing_style": "path"} if endpoint else {},
                          retries={"max_attempts": 3, "mode": "standard"}))
        self._missing = self.client.exceptions.NoSuchKey

    def describe(self) -> str:
        where = f" at {self.endpoint}" if self.endpoint else ""
        return f"the bucket {self.bucket}{where}, under '{self.prefix}/'"

    def _name(self, key: str) -> str:
        key = checked_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data,
                               ContentType=content_type)

    def get(self, key: str) -> bytes | None:
        found = self._get_object(key)
        return None if found is None else found["Body"].read()

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if _status(error) == 404:
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def open(self, key: str) -> OpenedFile | None:
        found = self._get_object(key)
        if found is None:
            return None
        return OpenedFile(key=key, stream=found["Body"], size=found["ContentLength"],
                          content_type=found.get("ContentType") or "application/octet-stream",
                          modified=found["LastModified"], etag=found["ETag"].strip('"'))

    def list(self, prefix: str) -> list[StoredInfo]:
        """A page of at most 1,000 objects at a time, as S3 gives them."""
        folder = self._name(prefix) + "/"
        cut = len(self.prefix) + 1 if self.prefix else 0
        found = []
        for page in self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=folder):
            found += [StoredInfo(item["Key"][cut:], item["Size"], item["LastModified"])
                      for item in page.get("Contents", ())]
        return sorted(found, key=lambda info: info.key)

    def _get_object(self, key: str) -> dict[str, Any] | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except self._missing:
            return None


def _status(error: Exception) -> int | None:
    return getattr(error, "response", {}).get("ResponseMetadata", {}).get("HTTPStatusCode")
