/** Creates a poll or quiz: a question, 1–12 options, anonymous / multiple answers / quiz with its right answer. */
import { useState } from "preact/hooks";
import { POLL_OPTIONS_MAX } from "../../../../protocol/model/message-media.ts";
import { sendContent } from "../core/polls.ts";
import type { PeerKey } from "../core/state.ts";
import { Modal } from "../ui/modal.tsx";

export function NewPollDialog({ peerKey, onClose }: { peerKey: PeerKey; onClose: () => void }) {
  const [question, setQuestion] = useState("");
  const [options, setOptions] = useState(["", ""]);
  const [anonymous, setAnonymous] = useState(true);
  const [multiple, setMultiple] = useState(false);
  const [quiz, setQuiz] = useState(false);
  const [correct, setCorrect] = useState(0);
  const [busy, setBusy] = useState(false);
  const filled = options.map((o, i) => ({ text: o.trim(), option: String(i) })).filter((o) => o.text);
  const setOption = (i: number, text: string) => setOptions((all) => all.map((o, j) => (j === i ? text : o)));
  return (
    <Modal title={quiz ? "New quiz" : "New poll"} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const ok = await sendContent(peerKey, {
            _: "inputMediaPoll",
            poll: {
              question: question.trim(),
              answers: filled,
              ...(anonymous ? {} : { public_voters: true }),
              ...(multiple && !quiz ? { multiple_choice: true } : {}),
              ...(quiz ? { quiz: true } : {}),
            },
            ...(quiz ? { correct_answers: [String(correct)] } : {}),
          });
          setBusy(false);
          if (ok) onClose();
        }}
      >
        <label class="field">
          <span>Question</span>
          <input value={question} maxLength={300} onInput={(e) => setQuestion(e.currentTarget.value)} required />
        </label>
        {options.map((o, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: options are edited in place by position
          <div class="poll-edit-option" key={i}>
            {quiz && (
              <input
                type="radio"
                name="correct"
                aria-label={`Option ${i + 1} is correct`}
                checked={correct === i}
                onChange={() => setCorrect(i)}
              />
            )}
            <label class="field">
              <span>Option {i + 1}</span>
              <input value={o} maxLength={100} onInput={(e) => setOption(i, e.currentTarget.value)} />
            </label>
          </div>
        ))}
        {options.length < POLL_OPTIONS_MAX && (
          <button type="button" class="flat" onClick={() => setOptions((all) => [...all, ""])}>
            Add an option
          </button>
        )}
        <label class="check">
          <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.currentTarget.checked)} />
          Anonymous voting
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={multiple}
            disabled={quiz}
            onChange={(e) => setMultiple(e.currentTarget.checked)}
          />
          Multiple answers
        </label>
        <label class="check">
          <input type="checkbox" checked={quiz} onChange={(e) => setQuiz(e.currentTarget.checked)} />
          Quiz mode (one right answer)
        </label>
        <div class="modal-actions">
          <button type="button" class="flat" onClick={onClose}>
            Cancel
          </button>
          <button
            class="primary"
            type="submit"
            disabled={busy || !question.trim() || filled.length === 0 || (quiz && !options[correct]?.trim())}
          >
            Create
          </button>
        </div>
      </form>
    </Modal>
  );
}
