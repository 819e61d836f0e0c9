#!/usr/bin/env python3
"""Lyceum trainer profile for TRL: supervised fine-tuning of one iteration's accepted samples.

Lyceum runs it as a trainer profile on a gpu node (see examples/gsm8k-vllm-node.conf):

  python train_trl.py --data {data} --output {output} --base-model {base_model} --base-path {base_path}
      --epochs {epochs} --lr {learning_rate} --seed {seed}

--data is the training set Lyceum wrote with training.data-format = trl-prompt-completion
({"prompt", "completion"}) or trl-conversational ({"messages": [user, assistant]}), one JSON object per
line with its sample_id. The model starts from --base-path when Lyceum gives one (the checkpoint this
script wrote for the iteration's base model: a LoRA adapter or a full model), else from --base-model (a
path or hub name). Empty --epochs or --lr (the experiment sets none) use this script's defaults.

It writes the checkpoint to OUTPUT/checkpoint: a LoRA adapter (served by vLLM with reload = lora), or
with --merge or --full a whole model (served with reload = restart). The contract with Lyceum: lines
"loss=NUMBER" on stdout, and last "checkpoint=PATH"; exit code 0.

Needs: pip install "trl>=0.20" peft datasets transformers accelerate
"""
import argparse
import os
import sys

import torch
from datasets import load_dataset
from peft import LoraConfig, PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback
from trl import SFTConfig, SFTTrainer


def optional(kind):
    """A Lyceum placeholder left empty means: this script's default."""
    return lambda text: kind(text) if text.strip() else None


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--base-model", required=True, help="path or hub name (Lyceum's model.base)")
    p.add_argument("--base-path", default="", help="the base version's checkpoint, if this script wrote it")
    p.add_argument("--epochs", type=optional(float), default=None)
    p.add_argument("--lr", type=optional(float), default=None)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--full", action="store_true", help="full fine-tuning instead of LoRA")
    p.add_argument("--merge", action="store_true", help="save LoRA merged into the base model")
    p.add_argument("--lora-rank", type=int, default=16)
    p.add_argument("--max-length", type=int, default=1024)
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--gradient-accumulation", type=int, default=4)
    return p.parse_args()


class PrintLoss(TrainerCallback):
    """Reports each logged training loss to Lyceum (its ModelTrained loss summary)."""

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and "loss" in logs:
            print(f"loss={logs['loss']}", flush=True)


def is_adapter(path):
    return bool(path) and os.path.isfile(os.path.join(path, "adapter_config.json"))


def main():
    args = parse_args()
    checkpoint = os.path.join(args.output, "checkpoint")
    bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    dtype = torch.bfloat16 if bf16 else torch.float32

    # A fine-tune of an earlier iteration continues its adapter, or its full weights.
    start = args.base_path if args.base_path and not is_adapter(args.base_path) else args.base_model
    tokenizer = AutoTokenizer.from_pretrained(args.base_model)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(start, torch_dtype=dtype)
    peft_config = None
    if is_adapter(args.base_path):
        model = PeftModel.from_pretrained(model, args.base_path, is_trainable=True)
    elif not args.full:
        peft_config = LoraConfig(r=args.lora_rank, lora_alpha=2 * args.lora_rank, lora_dropout=0.05,
                                 target_modules="all-linear", task_type="CAUSAL_LM")

    dataset = load_dataset("json", data_files=args.data, split="train")
    if "sample_id" in dataset.column_names:  # for audits; not a training column
        dataset = dataset.remove_columns("sample_id")
    print(f"training on {len(dataset)} examples ({', '.join(dataset.column_names)}) from {start}", flush=True)

    config = SFTConfig(
        output_dir=os.path.join(args.output, "trainer"),
        num_train_epochs=args.epochs or 2.0,
        learning_rate=args.lr or (1e-5 if args.full else 1e-4),
        seed=args.seed,
        max_length=args.max_length,
        per_device_train_batch_size=args.batch_size,
        gradient_accumulation_steps=args.gradient_accumulation,
        lr_scheduler_type="cosine",
        warmup_ratio=0.03,
        logging_steps=10,
        save_strategy="no",
        bf16=bf16,
        report_to="none",
    )
    trainer = SFTTrainer(model=model, args=config, train_dataset=dataset, processing_class=tokenizer,
                         peft_config=peft_config, callbacks=[PrintLoss()])
    trainer.train()

    trained = trainer.model
    if args.merge and isinstance(trained, PeftModel):
        trained = trained.merge_and_unload()
    trained.save_pretrained(checkpoint)
    tokenizer.save_pretrained(checkpoint)
    print(f"checkpoint={checkpoint}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
