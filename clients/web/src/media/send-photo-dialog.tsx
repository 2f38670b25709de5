/** Photos picked to send are shown first, with a caption field, as Telegram does; Send uploads them. */
import { useEffect, useMemo, useState } from "preact/hooks";
import { MAX_CAPTION_LENGTH } from "../../../../protocol/model/message.ts";
import { Modal } from "../ui/modal.tsx";
import { sendFiles } from "./uploader.ts";

/** Whether picked files go through the preview: photos do, other files are sent at once. */
export const wantsPreview = (files: File[]): boolean =>
  files.length > 0 && files.every((f) => /^image\/(png|jpeg|webp|gif)$/.test(f.type));

export function SendPhotoDialog(props: { peerKey: string; files: File[]; onClose: () => void }) {
  const { peerKey, files, onClose } = props;
  const [caption, setCaption] = useState("");
  const urls = useMemo(() => files.map((f) => URL.createObjectURL(f)), [files]);
  useEffect(
    () => () => {
      for (const u of urls) URL.revokeObjectURL(u);
    },
    [urls],
  );
  const title = files.length === 1 ? "Send photo" : `Send ${files.length} photos`;
  return (
    <Modal title={title} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          sendFiles(peerKey, files, caption.trim());
          onClose();
        }}
      >
        <div class="photo-previews">
          {urls.map((u, i) => (
            <img key={u} src={u} alt={files[i]?.name ?? ""} data-testid="photo-preview" />
          ))}
        </div>
        <label class="visually-hidden" for="photo-caption">
          Caption
        </label>
        <input
          id="photo-caption"
          placeholder="Add a caption…"
          value={caption}
          maxLength={MAX_CAPTION_LENGTH}
          onInput={(e) => setCaption(e.currentTarget.value)}
        />
        <div class="modal-actions">
          <button type="button" class="link" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary">
            Send
          </button>
        </div>
      </form>
    </Modal>
  );
}
