"""OpenLineage dataset identifiers as the naming conventions write them
(https://openlineage.io/docs/spec/naming): a namespace naming the datasource
(`scheme://authority`, or a bare scheme such as `bigquery`) and a name naming the dataset in
it (`database.schema.table`, a path, a topic).

`canonical` is applied alike to the identifiers registrars link and to those events carry,
so that the two meet: the scheme and the authority (host, port, bucket, account) are case
blind, and a trailing slash of the namespace says nothing. Names are kept as sent: most
systems tell `Orders` from `orders`.

`naming_problem` checks an identifier a registrar links against the convention of its
platform, so that a catalogue code typed as a table name is caught when it is linked rather
than never matched. Platforms not listed here are accepted as they are: pipelines of any
kind may report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NAMESPACE = 500
MAX_NAME = 1000


def canonical(namespace: str, name: str) -> tuple[str, str]:
    """The identifier as stored and matched."""
    namespace = namespace.strip()
    scheme, separator, rest = namespace.partition("://")
    if separator:
        authority, slash, path = rest.partition("/")
        namespace = f"{scheme.lower()}://{authority.lower()}{slash}{path}".rstrip("/")
    elif ":" not in namespace:  # a bare scheme: bigquery, file, pubsub
        namespace = namespace.lower()
    return namespace, name.strip()


@dataclass(frozen=True)
class Convention:
    """How one platform names its datasets: the namespace and name patterns, and an
    example of each for the error message."""

    scheme: str
    platform: str
    namespace: re.Pattern[str]
    name: re.Pattern[str]
    example: tuple[str, str]


_HOST_PORT = r"[^/:@\s]+:\d{1,5}"
_PART = r"[^.\s]+"


def _parts(count: int) -> re.Pattern[str]:
    return re.compile(r"^" + r"\.".join([_PART] * count) + r"$")


_PATH = re.compile(r"^\S.*$")


def _server(scheme: str) -> re.Pattern[str]:
    return re.compile(rf"^{scheme}://{_HOST_PORT}$")


CONVENTIONS: dict[str, Convention] = {
    c.scheme: c
    for c in (
        Convention(
            "postgres",
            "PostgreSQL",
            _server("postgres"),
            _parts(3),
            ("postgres://db.example.com:5432", "analytics.public.orders"),
        ),
        Convention(
            "mysql",
            "MySQL",
            _server("mysql"),
            _parts(2),
            ("mysql://db.example.com:3306", "shop.orders"),
        ),
        Convention(
            "trino",
            "Trino",
            _server("trino"),
            _parts(3),
            ("trino://trino.example.com:8080", "hive.sales.orders"),
        ),
        Convention(
            "redshift",
            "Amazon Redshift",
            re.compile(rf"^redshift://{_HOST_PORT}$"),
            _parts(3),
            ("redshift://analytics.cn-northwest-1:5439", "dev.public.orders"),
        ),
        Convention(
            "oracle",
            "Oracle",
            _server("oracle"),
            _parts(3),
            ("oracle://db.example.com:1521", "ORCL.SALES.ORDERS"),
        ),
        Convention(
            "sqlserver",
            "SQL Server",
            _server("sqlserver"),
            re.compile(r"^[^.\s]+(\.[^.\s]+){1,2}$"),
            ("sqlserver://db.example.com:1433", "sales.dbo.orders"),
        ),
        Convention(
            "db2",
            "Db2",
            _server("db2"),
            _parts(3),
            ("db2://db.example.com:50000", "SAMPLE.SALES.ORDERS"),
        ),
        Convention(
            "hive",
            "Apache Hive",
            _server("hive"),
            _parts(2),
            ("hive://hive.example.com:10000", "sales.orders"),
        ),
        Convention(
            "cassandra",
            "Apache Cassandra",
            _server("cassandra"),
            _parts(2),
            ("cassandra://cassandra.example.com:9042", "shop.orders"),
        ),
        Convention(
            "snowflake",
            "Snowflake",
            re.compile(r"^snowflake://[^/\s]+$"),
            _parts(3),
            ("snowflake://myorg-account1", "ANALYTICS.PUBLIC.ORDERS"),
        ),
        Convention(
            "bigquery",
            "BigQuery",
            re.compile(r"^bigquery$"),
            _parts(3),
            ("bigquery", "my-project.sales.orders"),
        ),
        Convention(
            "s3",
            "Amazon S3",
            re.compile(r"^s3://[a-z0-9][a-z0-9.\-]{1,62}$"),
            _PATH,
            ("s3://qzport-lake", "rollups/daily_moves"),
        ),
        Convention(
            "gs",
            "Google Cloud Storage",
            re.compile(r"^gs://[a-z0-9][a-z0-9._\-]{1,221}$"),
            _PATH,
            ("gs://qzport-lake", "rollups/daily_moves"),
        ),
        Convention(
            "hdfs",
            "HDFS",
            _server("hdfs"),
            _PATH,
            ("hdfs://namenode.example.com:8020", "/warehouse/orders"),
        ),
        Convention(
            "kafka",
            "Apache Kafka",
            _server("kafka"),
            re.compile(r"^[A-Za-z0-9._\-]{1,249}$"),
            ("kafka://broker.example.com:9092", "container-moves"),
        ),
        Convention(
            "file",
            "Local file system",
            re.compile(r"^file(://[^/\s]+)?$"),
            _PATH,
            ("file", "/data/exports/orders.csv"),
        ),
        Convention(
            "abfss",
            "Azure Data Lake Storage",
            re.compile(r"^abfss://[^@/\s]+@[^/\s]+\.dfs\.core\.windows\.net$"),
            _PATH,
            ("abfss://lake@qzport.dfs.core.windows.net", "rollups/daily_moves"),
        ),
        Convention(
            "wasbs",
            "Azure Blob Storage",
            re.compile(r"^wasbs://[^@/\s]+@[^/\s]+$"),
            _PATH,
            ("wasbs://lake@qzport.blob.core.windows.net", "rollups/daily_moves"),
        ),
        Convention(
            "dbfs",
            "Databricks File System",
            re.compile(r"^dbfs://[^/\s]+$"),
            _PATH,
            ("dbfs://workspace", "/mnt/lake/orders"),
        ),
        Convention(
            "awsathena",
            "Amazon Athena",
            re.compile(r"^awsathena://athena\.[a-z0-9\-]+\.amazonaws\.com(\.cn)?$"),
            _parts(3),
            ("awsathena://athena.cn-north-1.amazonaws.com.cn", "AwsDataCatalog.sales.orders"),
        ),
    )
}


@dataclass(frozen=True)
class NamingProblem:
    field: str  # "namespace" or "name"
    message: str
    message_zh: str


def naming_problem(namespace: str, name: str) -> NamingProblem | None:
    """What is wrong with an identifier under its platform's convention, if anything."""
    if not namespace or not name:
        return NamingProblem(
            "namespace" if not namespace else "name", "may not be empty", "不能为空"
        )
    if len(namespace) > MAX_NAMESPACE or len(name) > MAX_NAME:
        return NamingProblem(
            "namespace" if len(namespace) > MAX_NAMESPACE else "name",
            f"a namespace has at most {MAX_NAMESPACE} characters, a name {MAX_NAME}",
            f"命名空间最多{MAX_NAMESPACE}个字符，名称最多{MAX_NAME}个字符",
        )
    scheme = namespace.split("://", 1)[0] if "://" in namespace else namespace.split(":", 1)[0]
    convention = CONVENTIONS.get(scheme)
    if convention is None:
        return None
    example = f"namespace {convention.example[0]!r}, name {convention.example[1]!r}"
    if not convention.namespace.match(namespace):
        return NamingProblem(
            "namespace",
            f"a {convention.platform} namespace is written like {convention.example[0]!r} "
            f"(OpenLineage naming conventions), e.g. {example}",
            f"{convention.platform}的命名空间应形如{convention.example[0]}（OpenLineage命名规范）",
        )
    if not convention.name.match(name):
        return NamingProblem(
            "name",
            f"a {convention.platform} dataset is named like {convention.example[1]!r} "
            f"(OpenLineage naming conventions), e.g. {example}",
            f"{convention.platform}数据集名称应形如{convention.example[1]}（OpenLineage命名规范）",
        )
    return None
