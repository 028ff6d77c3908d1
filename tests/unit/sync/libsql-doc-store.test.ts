import { LibsqlDocStore } from '../../../server/sync/libsql-doc-store';
import { describeDocStoreContract } from './doc-store-contract';
import { insertBoard, tempDatabase } from './helpers';

describeDocStoreContract('LibsqlDocStore', async () => {
	const temp = await tempDatabase();
	await insertBoard(temp.database, 'board-a');
	await insertBoard(temp.database, 'board-b');
	return {
		store: new LibsqlDocStore(temp.database.client),
		boards: ['board-a', 'board-b'],
		// doc_updates.board_id references boards(id): a board that does not exist is refused.
		refusedBoard: 'no-such-board',
		reopen: async () => new LibsqlDocStore(temp.database.client),
		cleanup: () => temp.cleanup()
	};
});
