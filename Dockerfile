# casefolio service image: the same steps as `make setup` (system packages, then the project).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OMP_THREAD_LIMIT=1 \
    CASEFOLIO_HOME=/data

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY casefolio ./casefolio
COPY pipelines ./pipelines
COPY extractors ./extractors
COPY storage ./storage
COPY flows ./flows
RUN pip install --no-cache-dir -c constraints.txt .

RUN useradd --create-home --uid 10001 casefolio \
 && mkdir -p /data/inbox /data/quarantine \
 && chown -R casefolio:casefolio /data
USER casefolio
VOLUME ["/data"]

CMD ["casefolio", "watch"]
