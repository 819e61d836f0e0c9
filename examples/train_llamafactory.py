#!/usr/bin/env python3
"""Lyceum trainer profile for LLaMA-Factory: runs `llamafactory-cli train` on one iteration's set.

Lyceum runs it as a trainer profile on a gpu node (see examples/gsm8k-vllm-node.conf):

  python train_llamafactory.py --config llamafactory/lyceum_sft.yaml --data {data} --output {output}
      --base-model {base_model} --base-path {base_path} --epochs {epochs} --lr {learning_rate} --seed {seed}

With training.data-format = alpaca or sharegpt, Lyceum writes the set as train.jsonl in a folder of its
own, beside a dataset_info.json that names it as dataset "lyceum": that folder is LLaMA-Factory's
dataset_dir. This wrapper writes the settings of this run (the yaml with the iteration's values) to
OUTPUT/lyceum_sft.yaml, trains into OUTPUT/checkpoint, reports the logged losses as "loss=NUMBER" lines
and last "checkpoint=PATH", as Lyceum's contract asks. Empty --epochs or --lr keep the yaml's values.

Needs: LLaMA-Factory installed (llamafactory-cli on PATH), which brings PyYAML.
"""
import argparse
import json
import os
import subprocess
import sys

import yaml

DATASET = "lyceum"  # the name Lyceum gives the set in dataset_info.json


def optional(kind):
    return lambda text: kind(text) if text.strip() else None


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", required=True, help="LLaMA-Factory yaml with this run's other settings")
    p.add_argument("--data", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--base-model", required=True)
    p.add_argument("--base-path", default="")
    p.add_argument("--epochs", type=optional(float), default=None)
    p.add_argument("--lr", type=optional(float), default=None)
    p.add_argument("--seed", type=int, default=None)
    return p.parse_args()


def main():
    args = parse_args()
    with open(args.config) as f:
        settings = yaml.safe_load(f)
    dataset_dir = os.path.dirname(os.path.abspath(args.data))
    if not os.path.isfile(os.path.join(dataset_dir, "dataset_info.json")):
        sys.exit(f"no dataset_info.json beside {args.data}: set training.data-format = alpaca or sharegpt")
    checkpoint = os.path.join(args.output, "checkpoint")
    settings.update(model_name_or_path=args.base_model, dataset_dir=dataset_dir, dataset=DATASET,
                    output_dir=checkpoint)
    if args.base_path:
        if os.path.isfile(os.path.join(args.base_path, "adapter_config.json")):
            # LLaMA-Factory resumes training the last adapter named here
            settings["adapter_name_or_path"] = args.base_path
        else:
            settings["model_name_or_path"] = args.base_path
    if args.epochs is not None:
        settings["num_train_epochs"] = args.epochs
    if args.lr is not None:
        settings["learning_rate"] = args.lr
    if args.seed is not None:
        settings["seed"] = args.seed
    run = os.path.join(args.output, "lyceum_sft.yaml")
    with open(run, "w") as f:
        yaml.safe_dump(settings, f, sort_keys=False)

    print(f"llamafactory-cli train {run}", flush=True)
    code = subprocess.call(["llamafactory-cli", "train", run])
    if code != 0:
        return code
    # the Hugging Face trainer's log history: one entry per logging step
    state = os.path.join(checkpoint, "trainer_state.json")
    if os.path.isfile(state):
        with open(state) as f:
            for entry in json.load(f).get("log_history", []):
                if "loss" in entry:
                    print(f"loss={entry['loss']}", flush=True)
    print(f"checkpoint={checkpoint}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
